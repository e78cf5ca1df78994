"""The press contest (Cuộc thi báo chí): contests, editions with rules as data, entries, screening."""
