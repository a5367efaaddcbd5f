"""Reusable Streamlit pieces: the sign-in gate, forms, case views and feedback."""
