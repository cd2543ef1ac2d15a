-- A store made by the code of 1ecb508 (schema 3, corrections keyed on the sentence's start):
-- one article of three sentences, its arrest retyped Protests / Peaceful protest, its protest deleted.
PRAGMA foreign_keys=OFF;
BEGIN TRANSACTION;
CREATE TABLE schema_version (
	version INTEGER NOT NULL
);
INSERT INTO schema_version VALUES(3);
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
INSERT INTO articles VALUES(1,'b179482b7c804aa61ae282d71a51dde4e5c8d39603756b83cb5f7064d31630ad','Old store article',NULL,NULL,NULL,'2022-08-26',replace('Monsoon floods swept through villages near Sukkur on Tuesday and 12 people were killed, officials said.\n\nSeparately, police arrested 4 men in Karachi on Wednesday.\n\nProtesters marched in Hyderabad on Thursday.','\n',char(10)),'2026-12-06T21:13:09+00:00','parsed',NULL,NULL);
CREATE TABLE incidents (
	id INTEGER NOT NULL, 
	type TEXT NOT NULL, 
	date VARCHAR(10), 
	lat FLOAT, 
	lon FLOAT, 
	PRIMARY KEY (id)
);
INSERT INTO incidents VALUES(1,'Disasters','2022-08-23',27.703230000000001354,68.858890000000002374);
INSERT INTO incidents VALUES(2,'Strategic developments','2022-08-24',24.86080000000000112,67.010400000000004184);
INSERT INTO incidents VALUES(3,'Protests','2022-08-25',25.396889999999999077,68.377179999999995628);
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
INSERT INTO places VALUES(1,1,43,49,'Sukkur','Sukkur',27.703230000000001354,68.858890000000002374,'PK','Sindh','city','gn:1164408',1164408,0.97699999999999997957,'[]');
INSERT INTO places VALUES(2,1,142,149,'Karachi','Karachi',24.86080000000000112,67.010400000000004184,'PK','Sindh','city','gn:1174872',1174872,0.98699999999999998845,'[]');
INSERT INTO places VALUES(3,1,187,196,'Hyderabad','Hyderabad',25.396889999999999077,68.377179999999995628,'PK','Sindh','city','gn:1176734',1176734,0.98599999999999998756,'["gn:1269843", "gn:1269844"]');
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
INSERT INTO events VALUES(1,1,'extracted','Disasters','Natural disaster or epidemic','2022-08-23','day','Sukkur','gn:1164408',27.703230000000001354,68.858890000000002374,'PK',2,12,'[]','floods','Monsoon floods swept through villages near Sukkur on Tuesday and 12 people were killed, officials said.',0,103,0.71199999999999996624,1,'[[0, 103]]',1,NULL);
INSERT INTO events VALUES(2,1,'extracted','Strategic developments','Arrests','2022-08-24','day','Karachi','gn:1174872',24.86080000000000112,67.010400000000004184,'PK',1,NULL,'["police"]','arrested','Separately, police arrested 4 men in Karachi on Wednesday.',105,163,0.65100000000000002309,0,'[[105, 163]]',2,NULL);
INSERT INTO events VALUES(3,1,'extracted','Protests','Peaceful protest','2022-08-25','day','Hyderabad','gn:1176734',25.396889999999999077,68.377179999999995628,'PK',1,NULL,'[]','Protesters','Protesters marched in Hyderabad on Thursday.',165,209,0.55800000000000005151,0,'[[165, 209]]',3,NULL);
CREATE TABLE corrections (
	id INTEGER NOT NULL, 
	article_id INTEGER NOT NULL, 
	target VARCHAR(8) NOT NULL, 
	start INTEGER NOT NULL, 
	"end" INTEGER, 
	action VARCHAR(16) NOT NULL, 
	value TEXT, 
	created_at VARCHAR(32) NOT NULL, 
	PRIMARY KEY (id), 
	FOREIGN KEY(article_id) REFERENCES articles (id) ON DELETE CASCADE
);
INSERT INTO corrections VALUES(1,1,'event',105,NULL,'set_type','{"type": "Protests", "subtype": "Peaceful protest"}','2026-12-06T21:13:09+00:00');
INSERT INTO corrections VALUES(2,1,'event',165,NULL,'delete','null','2026-12-06T21:13:09+00:00');
CREATE INDEX ix_places_article_id ON places (article_id);
CREATE INDEX ix_events_date ON events (date);
CREATE INDEX ix_events_article_id ON events (article_id);
CREATE INDEX ix_events_incident_id ON events (incident_id);
COMMIT;
