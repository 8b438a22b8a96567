"""What the program's coordinators see and get: the daily digest, the roster with each person's load."""
