"""The domain core every app shares: error types, calendar arithmetic, and the pieces forms
and services have in common. It imports Django only; no app of the project is imported here,
so every app may import it ("downward only", see docs/architecture.md).
"""
