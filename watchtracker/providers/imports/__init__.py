"""Readers for other trackers' exports: each turns files into a ``domain.transfer.ImportBatch``."""
