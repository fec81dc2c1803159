import type { ColumnType, Generated } from 'kysely';

/** The columns of every synced table (CamelCasePlugin maps them to snake_case). */
export interface SyncColumns {
	version: Generated<number>;
	seq: Generated<number>;
	updatedAt: ColumnType<Date, Date | undefined, Date>;
	updatedBy: string | null;
	deleted: Generated<boolean>;
}

export interface StructuresTable extends SyncColumns {
	id: string;
	kind: string;
	name: string;
	finess: string | null;
	rorId: string | null;
	phone: string | null;
	city: string | null;
	postalCode: string | null;
	territory: string;
	zone: string[];
	participates: boolean;
	honourDeclaration: boolean;
	siret: string | null;
	street: string | null;
	email: string | null;
	inseeCode: string | null;
	latitude: number | null;
	longitude: number | null;
	closed: boolean;
}

export interface StructureSourcesTable {
	structureId: string;
	source: 'finess' | 'manual' | 'demo';
	finessEj: string | null;
	cardEditedAt: Date | null;
	importedAt: Date | null;
}

export interface DirectoryPractitionersTable {
	rpps: string;
	lastName: string;
	firstName: string;
	specialtyCode: string | null;
	specialty: string | null;
}

export interface DirectorySitesTable {
	rpps: string;
	mode: string | null;
	siret: string | null;
	finess: string | null;
	siteName: string | null;
	street: string | null;
	postalCode: string | null;
	inseeCode: string | null;
	city: string | null;
	phone: string | null;
}

export interface AddressLocationsTable {
	addressId: string;
	query: string;
	status: 'located' | 'not_found' | 'failed';
	latitude: number | null;
	longitude: number | null;
	inseeCode: string | null;
	score: number | null;
	attempts: number;
	nextAttemptAt: Date | null;
	updatedAt: Date;
}

export interface FhirAppointmentsTable {
	id: string;
	sender: string;
	identifierSystem: string;
	identifierValue: string;
	practitionerId: string | null;
	rpps: string;
	status: 'booked' | 'fulfilled' | 'noshow' | 'cancelled' | 'pending';
	startsAt: Date;
	endsAt: Date;
	regulatorSystem: string;
	regulatorValue: string;
	regulatorAccountId: string | null;
	orientationId: string | null;
	resource: unknown;
	version: Generated<number>;
	createdAt: Generated<Date>;
	updatedAt: Generated<Date>;
}

export interface EditorOutboxTable {
	id: Generated<string>;
	editor: string;
	accountId: string;
	method: 'POST' | 'PUT';
	payload: unknown;
	attempts: Generated<number>;
	nextAttemptAt: Generated<Date>;
	sentAt: Date | null;
	lastStatus: number | null;
	lastError: string | null;
	createdAt: Generated<Date>;
}

export type OrientationKind = 'creneau' | 'plage' | 'surnumeraire' | 'editeur';
export type OrientationStatus = 'pending' | 'confirmed' | 'honoured' | 'not_honoured' | 'cancelled';

export interface OrientationsTable extends SyncColumns {
	id: string;
	regulatorLabel: Generated<string>;
	regulatorAccountId: string;
	practitionerId: string;
	structureId: string | null;
	addressId: string | null;
	availabilityId: string | null;
	kind: OrientationKind;
	startsAt: Date;
	endsAt: Date | null;
	consultationType: 'office' | 'teleconsultation' | 'home_visit' | null;
	patientReference: Generated<string>;
	status: Generated<OrientationStatus>;
	statusChangedBy: string | null;
	createdAt: Generated<Date>;
}

export interface RegulatorDeclarationsTable {
	id: string;
	regulatorAccountId: string;
	practitionerId: string;
	kind: 'injoignable' | 'indisponible' | 'mauvaise_specialite' | 'autre';
	comment: Generated<string>;
	createdAt: Generated<Date>;
}

export interface GeocoderCacheTable {
	query: string;
	found: boolean;
	latitude: number | null;
	longitude: number | null;
	inseeCode: string | null;
	score: number | null;
	fetchedAt: Date;
}

export interface DirectoryImportsTable {
	id: string;
	kind: 'finess' | 'rpps';
	file: string;
	startedAt: Date;
	finishedAt: Date;
	summary: unknown;
}

export interface PractitionersTable extends SyncColumns {
	id: string;
	rpps: string;
	lastName: string;
	firstName: string;
	specialties: string[];
	phone: string | null;
	registeredAt: string | null;
	healthCentreId: string | null;
}

export interface AddressesTable extends SyncColumns {
	id: string;
	practitionerId: string;
	street: string;
	postalCode: string;
	city: string;
	inseeCode: string | null;
	phone: string | null;
	timeZone: string;
}

export interface ParticipationSettingsTable extends SyncColumns {
	id: string;
	practitionerId: string;
	participates: boolean;
	mode: string | null;
	structureId: string | null;
	cptsAddressIds: string[];
	usesSoftware: boolean | null;
	software: string[];
	refusesEditorSlots: boolean;
	honourDeclaration: boolean;
	forfaitReorientation: boolean;
	declaredAt: string | null;
}

export interface AvailabilitiesTable extends SyncColumns {
	id: string;
	practitionerId: string;
	addressId: string;
	date: string;
	startTime: string;
	endTime: string;
	timeZone: string;
	kind: string;
	slotMinutes: number | null;
	capacity: number | null;
	consultationTypes: string[];
	rrule: string | null;
	exdates: string[];
	seriesId: string | null;
	originalDate: string | null;
	continuesId: string | null;
}

export interface UnavailabilitiesTable extends SyncColumns {
	id: string;
	practitionerId: string;
	addressId: string | null;
	startsAt: ColumnType<Date, Date | string, Date | string>;
	endsAt: ColumnType<Date | null, Date | string | null, Date | string | null>;
	timeZone: string;
}

export interface ComplementaryInfoTable extends SyncColumns {
	id: string;
	practitionerId: string;
	text: string;
}

export interface AccountsTable {
	id: string;
	role: string;
	email: string | null;
	passwordHash: string | null;
	firstName: string;
	lastName: string;
	practitionerId: string | null;
	pscSubject: string | null;
	territory: string | null;
	/** A regulator who heads the territory's regulation: reads its dashboards. */
	regulationHead: Generated<boolean>;
	demo: Generated<boolean>;
	disabledAt: Date | null;
	createdAt: Generated<Date>;
	createdBy: string | null;
	lastLoginAt: Date | null;
}

export interface AccountStructuresTable {
	accountId: string;
	structureId: string;
}

export interface InvitationsTable {
	id: string;
	accountId: string;
	tokenHash: string;
	createdAt: Generated<Date>;
	createdBy: string | null;
	expiresAt: Date;
	usedAt: Date | null;
	revokedAt: Date | null;
	purpose: Generated<'invitation' | 'reset'>;
}

export interface IdempotencyKeysTable {
	accountId: string;
	operation: string;
	key: string;
	requestHash: string;
	status: number;
	response: unknown;
	createdAt: Generated<Date>;
}

export interface PscSandboxStoreTable {
	model: string;
	id: string;
	payload: unknown;
	grantId: string | null;
	uid: string | null;
	userCode: string | null;
	expiresAt: Date | null;
	consumedAt: Date | null;
}

export interface ServerSecretsTable {
	name: string;
	value: string;
	createdAt: Generated<Date>;
}

export interface SessionsTable {
	id: string;
	accountId: string;
	createdAt: Generated<Date>;
	lastSeenAt: Generated<Date>;
	expiresAt: Date;
	userAgent: string | null;
}

export interface OidcFlowsTable {
	id: string;
	state: string;
	nonce: string;
	codeVerifier: string;
	createdAt: Generated<Date>;
}

export interface LoginFailuresTable {
	id: Generated<number>;
	key: string;
	at: Generated<Date>;
}

export interface AuditLogTable {
	id: Generated<number>;
	at: Generated<Date>;
	accountId: string | null;
	actorLabel: string;
	role: string;
	practitionerId: string | null;
	entity: string;
	entityId: string;
	action: 'create' | 'update' | 'delete';
	before: unknown;
	after: unknown;
}

export interface MutationsTable {
	id: string;
	accountId: string;
	entity: string;
	entityId: string;
	result: unknown;
	hash: string | null;
	createdAt: Generated<Date>;
}

export interface RecordClaimsTable {
	id: string;
	practitionerId: string;
	accountId: string;
	structureId: string;
	createdAt: Generated<Date>;
	decision: 'accepted' | 'refused' | null;
	decidedAt: Date | null;
}

export interface CalendarFeedsTable {
	id: string;
	practitionerId: string;
	tokenHash: string;
	createdAt: Generated<Date>;
	createdBy: string | null;
	revokedAt: Date | null;
}

export interface Database {
	calendarFeeds: CalendarFeedsTable;
	mutations: MutationsTable;
	recordClaims: RecordClaimsTable;
	accounts: AccountsTable;
	accountStructures: AccountStructuresTable;
	invitations: InvitationsTable;
	idempotencyKeys: IdempotencyKeysTable;
	pscSandboxStore: PscSandboxStoreTable;
	serverSecrets: ServerSecretsTable;
	sessions: SessionsTable;
	loginFailures: LoginFailuresTable;
	oidcFlows: OidcFlowsTable;
	auditLog: AuditLogTable;
	structures: StructuresTable;
	practitioners: PractitionersTable;
	addresses: AddressesTable;
	participationSettings: ParticipationSettingsTable;
	availabilities: AvailabilitiesTable;
	unavailabilities: UnavailabilitiesTable;
	complementaryInfo: ComplementaryInfoTable;
	structureSources: StructureSourcesTable;
	directoryPractitioners: DirectoryPractitionersTable;
	directorySites: DirectorySitesTable;
	directoryImports: DirectoryImportsTable;
	addressLocations: AddressLocationsTable;
	geocoderCache: GeocoderCacheTable;
	fhirAppointments: FhirAppointmentsTable;
	editorOutbox: EditorOutboxTable;
	orientations: OrientationsTable;
	regulatorDeclarations: RegulatorDeclarationsTable;
	weeklyRecords: WeeklyRecordsTable;
	proofDocuments: ProofDocumentsTable;
	jobs: JobsTable;
	orientationStats: OrientationStatsTable;
	declarationStats: DeclarationStatsTable;
	unavailabilityStats: UnavailabilityStatsTable;
	weeklyStats: WeeklyStatsTable;
}

export interface WeeklyRecordsTable {
	id: string;
	practitionerId: string;
	weekStart: string;
	timeZone: string;
	weekEnd: Date;
	recordedAt: Generated<Date>;
	rpps: string;
	practitionerName: string;
	departement: string;
	structureIds: string[];
	structureName: string | null;
	source: 'agenda' | 'software';
	minutes: number;
	status: 'ok' | 'short' | 'leave' | 'software';
	clockChange: boolean;
	minutesByKind: unknown;
	minutesByPlace: unknown;
	unavailableMinutes: number;
	unavailableIndefinite: boolean;
}

export interface ProofDocumentsTable {
	code: string;
	practitionerId: string;
	quarter: string;
	recordIds: string[];
	issuedAt: Generated<Date>;
	issuedBy: string | null;
}

export interface JobsTable {
	kind: string;
	key: string;
	dueAt: Date;
	doneAt: Date | null;
	attempts: Generated<number>;
	lastError: string | null;
	createdAt: Generated<Date>;
}

interface StatKey {
	departement: string;
	/** '' = every practitioner of the département, counted once. */
	structureId: string;
}

export interface OrientationStatsTable extends StatKey {
	weekStart: string;
	kind: string;
	status: string;
	count: number;
}

export interface DeclarationStatsTable extends StatKey {
	weekStart: string;
	kind: string;
	count: number;
}

export interface UnavailabilityStatsTable extends StatKey {
	startWeek: string;
	/** 'infinity' for an unavailability with no end. */
	endWeek: string;
	count: number;
}

export interface WeeklyStatsTable extends StatKey {
	weekStart: string;
	participants: number;
	ok: number;
	short: number;
	leave: number;
	software: number;
	minutes: number;
}
