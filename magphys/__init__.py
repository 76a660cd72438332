"""magphys."""
