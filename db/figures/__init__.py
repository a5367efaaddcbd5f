"""Figures, each defined once in SQL: the SQL building blocks, the source they count over (running tallies and cases), the tallies themselves, the case figures and the reporting figures."""
