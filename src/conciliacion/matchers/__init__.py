"""Matchers: settlement review and bank reconciliation, pure functions of model values and decisions."""
