"""The demo world (清河县) and its generators of cases, reports and supervision."""
