"""The dashboard's set of figures, read together (from db.dashboard.figures and db.supervision)."""
