"""logship: rotation and shipping of service log files."""
