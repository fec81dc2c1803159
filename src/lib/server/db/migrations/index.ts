import type { Migration } from 'kysely';
import * as entities from './0001_entities';
import * as identity from './0002_identity';
import * as sync from './0003_sync';
import * as calendarFeeds from './0004_calendar_feeds';
import * as hardening from './0005_hardening';
import * as directories from './0006_directories';
import * as locations from './0007_locations';
import * as fhir from './0008_fhir';
import * as orientations from './0009_orientations';
import * as orientationsSync from './0010_orientations_sync';
import * as proof from './0011_proof';
import * as platform from './0012_platform';
import * as seriesParts from './0013_series_parts';

/**
 * Migrations in the order they apply. Listed here rather than read from the file system so that
 * they survive bundling; a new migration is a new file and a new line, never an edit of an old one.
 */
export const migrations: Record<string, Migration> = {
	'0001_entities': entities,
	'0002_identity': identity,
	'0003_sync': sync,
	'0004_calendar_feeds': calendarFeeds,
	'0005_hardening': hardening,
	'0006_directories': directories,
	'0007_locations': locations,
	'0008_fhir': fhir,
	'0009_orientations': orientations,
	'0010_orientations_sync': orientationsSync,
	'0011_proof': proof,
	'0012_platform': platform,
	'0013_series_parts': seriesParts
};
