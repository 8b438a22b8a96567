"""A case: its words, its lifecycle (one table of transitions), who may do what, who may see what,
and raising a hand to the coordinators when it stalls."""
