"""What every feature shares and that knows no feature: time, the lock order, the audit trail,
claiming a request once, quiet-hours arithmetic, the identifier guard and note encryption."""
