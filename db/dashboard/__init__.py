"""The dashboard's set of figures, read together (from db.dashboard.figures and db.supervision),
and the desks of the home page: the work waiting for each role (db.dashboard.desk, desk_tasks)."""
