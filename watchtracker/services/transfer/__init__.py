"""Your data in and out: other trackers' exports read, matched and imported (one transaction
after a backup), watchtracker's own documented export format both ways, the CSV of viewings and
the .ics calendar."""
