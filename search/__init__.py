"""Chinese full-text public search (see README, "Search")."""
