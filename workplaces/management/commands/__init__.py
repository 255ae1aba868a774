"""seed_demo and, later, the organisation import."""
