"""Getting articles in: files of every format (`ingest`), the web when network use is on
(`fetch`), many files on all cores (`batch`), other event datasets (`datasets`) and the opt-in
online geocoder (`geocode`)."""
