import proj4 from 'proj4';

/**
 * The coordinate systems FINESS geolocates establishments in (the 5th token of `sourcecoordet`,
 * see ../shared/reference/directories.md §1.5), as proj4 definitions, converted to WGS84.
 * The overseas datums are ITRF-based, like WGS84 at the metre: no datum shift is needed.
 */
const DEFINITIONS: Record<string, string> = {
	'2154': '+proj=lcc +lat_1=49 +lat_2=44 +lat_0=46.5 +lon_0=3 +x_0=700000 +y_0=6600000 +ellps=GRS80 +towgs84=0,0,0,0,0,0,0 +units=m +no_defs',
	'5490': '+proj=utm +zone=20 +ellps=GRS80 +towgs84=0,0,0,0,0,0,0 +units=m +no_defs',
	'4559': '+proj=utm +zone=20 +ellps=GRS80 +towgs84=0,0,0,0,0,0,0 +units=m +no_defs',
	'2972': '+proj=utm +zone=22 +ellps=GRS80 +towgs84=0,0,0,0,0,0,0 +units=m +no_defs',
	'2975': '+proj=utm +zone=40 +south +ellps=GRS80 +towgs84=0,0,0,0,0,0,0 +units=m +no_defs',
	'4471': '+proj=utm +zone=38 +south +ellps=GRS80 +towgs84=0,0,0,0,0,0,0 +units=m +no_defs',
	'4467': '+proj=utm +zone=21 +ellps=GRS80 +towgs84=0,0,0,0,0,0,0 +units=m +no_defs',
	'32621': '+proj=utm +zone=21 +datum=WGS84 +units=m +no_defs',
	'32701': '+proj=utm +zone=1 +south +datum=WGS84 +units=m +no_defs'
};

/** Words of older extracts and of the rows written without an EPSG code. */
const NAMED: [RegExp, string][] = [
	[/L93|LAMBERT[ _-]?93/i, '2154'],
	[/UTM[ _]?N20|UTM Zone 20N/i, '5490'],
	[/UTM[ _]?N22|UTM Zone 22N/i, '2972'],
	[/UTM[ _]?S40|UTM Zone 40S/i, '2975'],
	[/UTM[ _]?S38|UTM Zone 38S/i, '4471'],
	[/UTM[ _]?N21|UTM zone 21N/i, '32621'],
	[/UTM zone 1S/i, '32701']
];

const converters = new Map<string, proj4.Converter>();

/** The EPSG code a `sourcecoordet` names (its last token, or any of its words), or null. */
export function systemOf(source: string): string | null {
	const code = /EPSG:(\d+)/.exec(source)?.[1];
	if (code) return DEFINITIONS[code] ? code : null;
	for (const [pattern, epsg] of NAMED) if (pattern.test(source)) return epsg;
	return null;
}

export interface LonLat {
	longitude: number;
	latitude: number;
}

/** Projected coordinates in `epsg` to WGS84, rounded to 6 decimals (~0.1 m); null for an unknown system. */
export function toWgs84(epsg: string, x: number, y: number): LonLat | null {
	const definition = DEFINITIONS[epsg];
	if (!definition || !Number.isFinite(x) || !Number.isFinite(y)) return null;
	let converter = converters.get(epsg);
	if (!converter) converters.set(epsg, (converter = proj4(definition, 'WGS84')));
	const [longitude, latitude] = converter.forward([x, y]) as [number, number];
	if (!Number.isFinite(longitude) || !Number.isFinite(latitude) || Math.abs(latitude) > 90 || Math.abs(longitude) > 180) return null;
	return { longitude: Math.round(longitude * 1e6) / 1e6, latitude: Math.round(latitude * 1e6) / 1e6 };
}
