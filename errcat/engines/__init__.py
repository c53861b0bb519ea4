"""Engine adapters that need no engine API: errcat's site as plain files any static-site engine can build."""
