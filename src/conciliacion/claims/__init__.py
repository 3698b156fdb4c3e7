"""Claims and human decisions: the event store, the only state the program keeps."""
