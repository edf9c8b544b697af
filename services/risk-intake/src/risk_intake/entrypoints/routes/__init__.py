"""The intake API's routes, one Powertools ``Router`` per resource; ``api`` includes
them all in the one app."""
