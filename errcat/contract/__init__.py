"""The catalog as the API's error contract: which changes break clients, and whether a backend keeps it."""
