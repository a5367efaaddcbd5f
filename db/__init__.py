"""Dispute Desk's data layer: models, rules and operators' commands. No Streamlit here."""
