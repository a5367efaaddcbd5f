"""Supervision: checklists, inspections and their scores, evidence from the ledger, rectifications, photos and the bulletin."""
