"""The deterministic demo data set (``corridor seed-demo``)."""
