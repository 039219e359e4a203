"""Scripts run by hand and by CI (the suite imports their checks)."""
