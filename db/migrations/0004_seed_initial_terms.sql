-- The terms in force when the system starts, so connections can be approved from the first day.
-- INSERT OR IGNORE: a database that already holds this version (e.g. imported) keeps its row.
INSERT OR IGNORE INTO `terms_versions` (`version`, `title`, `url`, `text`, `content_hash`, `kind`, `published_at`, `notified_all_at`, `effective_at`)
VALUES ('2023-01', 'Vilkår for MitID Erhverv', 'https://www.mitid-erhverv.dk/', NULL, '2009cc78c265e4050bd01214c95c804bb25d3400d26bc3822a38ea25f3fcc9a8', 'initial', '2023-01-01T00:00:00.000Z', NULL, '2023-01-01T00:00:00.000Z');
