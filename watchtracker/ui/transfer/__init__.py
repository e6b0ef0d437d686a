"""Your data in and out: the import wizard, the shows kept for later, backups, the library's export."""
