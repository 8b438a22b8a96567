"""What the program's coordinators see and get: the daily digest, the roster with each person's load,
and what the department sees of the program as a whole: metrics, the small-cell rule that keeps them
from pointing to a person, and the report formats and chart built on them."""
