-- A store made by the code of edfaf4b (schema 4, the last before Alembic; made-up reports):
-- two shelling reports of one incident, an arrest retyped Protests / Protest with intervention,
-- one imported ACLED event. tests/test_migrations.py upgrades it in place.
BEGIN TRANSACTION;
CREATE TABLE articles (
	id INTEGER NOT NULL, 
	content_hash VARCHAR(64) NOT NULL, 
	title TEXT, 
	source TEXT, 
	url TEXT, 
	filename TEXT, 
	published VARCHAR(10), 
	text TEXT NOT NULL, 
	ingested_at VARCHAR(32) NOT NULL, 
	status VARCHAR(16) NOT NULL, 
	error TEXT, 
	revision_of INTEGER, 
	PRIMARY KEY (id), 
	UNIQUE (content_hash), 
	FOREIGN KEY(revision_of) REFERENCES articles (id)
);
INSERT INTO "articles" VALUES(1,'dc3d031464c7144ebd3a5a97ffab046cc0de7911450ea4916fc1493acc4398f4','Report 1','made-up','https://example.org/1',NULL,'2022-02-26','Shelling hit Kharkiv on Friday, killing 3 civilians, officials said.','2026-12-06T23:58:01+00:00','parsed',NULL,NULL);
INSERT INTO "articles" VALUES(2,'396b94add9adb607659920a7d220c00661a363605e6a31dd06183178bbe9e620','Report 2','made-up','https://example.org/2',NULL,'2022-02-26','Kharkiv was shelled on Friday; three civilians died, according to local officials.','2026-12-06T23:58:01+00:00','parsed',NULL,NULL);
INSERT INTO "articles" VALUES(3,'17639818297241ca8cded8d53e3b361e44e2a5f89ff02deb8881858b8cfcd2bd','Report 3','made-up','https://example.org/3',NULL,'2022-02-26','Police arrested 12 protesters in Kyiv on Saturday after a rally near the parliament.','2026-12-06T23:58:01+00:00','parsed',NULL,NULL);
CREATE TABLE corrections (
	id INTEGER NOT NULL, 
	article_id INTEGER NOT NULL, 
	target VARCHAR(8) NOT NULL, 
	start INTEGER NOT NULL, 
	"end" INTEGER, 
	action VARCHAR(16) NOT NULL, 
	value TEXT, 
	created_at VARCHAR(32) NOT NULL, 
	event_key TEXT, 
	undone_at VARCHAR(32), 
	PRIMARY KEY (id), 
	FOREIGN KEY(article_id) REFERENCES articles (id) ON DELETE CASCADE
);
INSERT INTO "corrections" VALUES(1,3,'event',0,84,'set_type','{"type": "Protests", "subtype": "Protest with intervention", "was": {"type": "Strategic developments", "subtype": "Arrests", "place": "Kyiv", "trigger": "arrested"}}','2026-12-06T23:58:01+00:00','7-15:Strategic developments/Arrests',NULL);
CREATE TABLE events (
	id INTEGER NOT NULL, 
	article_id INTEGER, 
	origin VARCHAR(16) NOT NULL, 
	type TEXT NOT NULL, 
	subtype TEXT, 
	date VARCHAR(10), 
	date_precision VARCHAR(8), 
	place TEXT, 
	place_id TEXT, 
	lat FLOAT, 
	lon FLOAT, 
	country VARCHAR(2), 
	geo_precision INTEGER, 
	fatalities INTEGER, 
	actors TEXT, 
	"trigger" TEXT, 
	sentence TEXT, 
	start INTEGER, 
	"end" INTEGER, 
	score FLOAT, 
	claimed BOOLEAN, 
	evidence TEXT, 
	incident_id INTEGER, 
	external_id TEXT, 
	PRIMARY KEY (id), 
	CONSTRAINT uq_events_origin_external_id UNIQUE (origin, external_id), 
	FOREIGN KEY(article_id) REFERENCES articles (id) ON DELETE CASCADE, 
	FOREIGN KEY(incident_id) REFERENCES incidents (id)
);
INSERT INTO "events" VALUES(1,1,'extracted','Explosions/Remote violence','Shelling/artillery/missile attack','2022-02-25','day','Kharkiv','gn:706483',49.98081,36.25272,'UA',1,3,'[]','Shelling','Shelling hit Kharkiv on Friday, killing 3 civilians, officials said.',0,68,0.684,1,'[[0, 68]]',1,NULL);
INSERT INTO "events" VALUES(2,2,'extracted','Explosions/Remote violence','Shelling/artillery/missile attack','2022-02-25','day','Kharkiv','gn:706483',49.98081,36.25272,'UA',1,3,'[]','shelled','Kharkiv was shelled on Friday; three civilians died, according to local officials.',0,82,0.684,1,'[[0, 82]]',1,NULL);
INSERT INTO "events" VALUES(3,3,'extracted','Protests','Protest with intervention','2022-02-26','day','Kyiv','gn:703448',50.45466,30.5238,'UA',1,NULL,'["protesters"]','arrested','Police arrested 12 protesters in Kyiv on Saturday after a rally near the parliament.',0,84,0.72,0,'[[0, 84]]',2,NULL);
INSERT INTO "events" VALUES(4,3,'extracted','Strategic developments','Arrests','2022-02-26','day','Kyiv','gn:703448',50.45466,30.5238,'UA',1,NULL,'["protesters"]','arrested','Police arrested 12 protesters in Kyiv on Saturday after a rally near the parliament.',0,84,0.7,0,'[[0, 84]]',3,NULL);
INSERT INTO "events" VALUES(5,NULL,'acled','Battles','Armed clash','2022-02-27',NULL,'Kharkiv',NULL,50.0,36.2,'UA',NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,'X1');
CREATE TABLE geocode_cache (
	"query" TEXT NOT NULL, 
	name TEXT, 
	lat FLOAT, 
	lon FLOAT, 
	country VARCHAR(2), 
	ref TEXT, 
	fetched_at VARCHAR(32) NOT NULL, 
	PRIMARY KEY ("query")
);
CREATE TABLE incidents (
	id INTEGER NOT NULL, 
	type TEXT NOT NULL, 
	date VARCHAR(10), 
	lat FLOAT, 
	lon FLOAT, 
	PRIMARY KEY (id)
);
INSERT INTO "incidents" VALUES(1,'Explosions/Remote violence','2022-02-25',49.98081,36.25272);
INSERT INTO "incidents" VALUES(2,'Protests','2022-02-26',50.45466,30.5238);
INSERT INTO "incidents" VALUES(3,'Strategic developments','2022-02-26',50.45466,30.5238);
CREATE TABLE places (
	id INTEGER NOT NULL, 
	article_id INTEGER NOT NULL, 
	start INTEGER NOT NULL, 
	"end" INTEGER NOT NULL, 
	text TEXT NOT NULL, 
	name TEXT, 
	lat FLOAT, 
	lon FLOAT, 
	country VARCHAR(2), 
	admin1 TEXT, 
	kind VARCHAR(24), 
	entry_id TEXT, 
	geonameid INTEGER, 
	score FLOAT, 
	alternatives TEXT, 
	PRIMARY KEY (id), 
	FOREIGN KEY(article_id) REFERENCES articles (id) ON DELETE CASCADE
);
INSERT INTO "places" VALUES(1,1,13,20,'Kharkiv','Kharkiv',49.98081,36.25272,'UA','Kharkiv Oblast','city','gn:706483',706483,0.607,'[]');
INSERT INTO "places" VALUES(2,2,0,7,'Kharkiv','Kharkiv',49.98081,36.25272,'UA','Kharkiv Oblast','city','gn:706483',706483,0.607,'[]');
INSERT INTO "places" VALUES(3,3,33,37,'Kyiv','Kyiv',50.45466,30.5238,'UA','Kyiv City','city','gn:703448',703448,0.678,'[]');
CREATE TABLE schema_version (
	version INTEGER NOT NULL
);
INSERT INTO "schema_version" VALUES(4);
CREATE INDEX ix_places_article_id ON places (article_id);
CREATE INDEX ix_events_date ON events (date);
CREATE INDEX ix_events_article_id ON events (article_id);
CREATE INDEX ix_events_incident_id ON events (incident_id);
COMMIT;
