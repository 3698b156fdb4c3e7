"""Matchers: settlement review and bank reconciliation, pure functions of values and decisions."""
