/**
 * GET /fhir/metadata: what our FHIR endpoint does, modelled on the guide's CapabilityStatements
 * SAS-GestionnaireAgenda-PsIndiv / -CPTS (the Slot search the SAS agenda answers as an editor would)
 * and SAS-GestionnaireAgenda-RDVpsindiv (appointments editors send back).
 */
export function capabilityStatement(baseUrl: string, software: { version: string }, now = new Date()) {
	const slotParams = [
		{ name: 'start', definition: 'https://interop.esante.gouv.fr/ig/fhir/sas/SearchParameter/slot-sp-start', type: 'date', documentation: 'start=ge<début>&start=le<fin>' },
		{ name: 'schedule.actor:Practitioner.identifier', type: 'token', documentation: '1 à 25 identifiants nationaux préfixés (urn:oid:1.2.250.1.71.4.2.1|8<RPPS>), séparés par des virgules' },
		{ name: 'status', type: 'token', documentation: 'free' },
		{ name: 'service-type-reference', definition: 'https://interop.esante.gouv.fr/ig/fhir/sas/SearchParameter/cptsslot-sp-servicetype', type: 'reference' }
	];
	return {
		resourceType: 'CapabilityStatement',
		status: 'active',
		date: now.toISOString(),
		publisher: 'Agenda SAS',
		kind: 'instance',
		instantiates: [
			'https://interop.esante.gouv.fr/ig/fhir/sas/CapabilityStatement/SAS-GestionnaireAgenda-PsIndiv',
			'https://interop.esante.gouv.fr/ig/fhir/sas/CapabilityStatement/SAS-GestionnaireAgenda-CPTS',
			'https://interop.esante.gouv.fr/ig/fhir/sas/CapabilityStatement/SAS-GestionnaireAgenda-RDVpsindiv'
		],
		software: { name: 'Agenda SAS', version: software.version },
		implementation: { description: 'Agenda SAS — créneaux de l’agenda SAS et rendez-vous des logiciels de prise de rendez-vous', url: baseUrl },
		fhirVersion: '4.0.1',
		format: ['application/fhir+json', 'json'],
		implementationGuide: ['https://interop.esante.gouv.fr/ig/fhir/sas|1.2.0'],
		rest: [
			{
				mode: 'server',
				security: { cors: false, description: 'Authentification mutuelle TLS (certificats IGC-Santé) : CN et OU du certificat client contrôlés.' },
				resource: [
					{
						type: 'Slot',
						supportedProfile: ['http://sas.fr/fhir/StructureDefinition/FrSlotAgregateur', 'https://interop.esante.gouv.fr/ig/fhir/sas/StructureDefinition/sas-cpts-slot-aggregator'],
						interaction: [{ code: 'search-type' }],
						searchInclude: ['Slot:schedule', 'Schedule:actor', 'Slot:service-type-reference', 'HealthcareService:organization'],
						searchParam: slotParams
					},
					{
						type: 'Appointment',
						supportedProfile: ['http://sas.fr/fhir/StructureDefinition/FrAppointmentSAS'],
						interaction: [{ code: 'create' }, { code: 'update' }, { code: 'read' }],
						updateCreate: true,
						conditionalCreate: false,
						conditionalUpdate: true,
						searchParam: [{ name: 'identifier', type: 'token', documentation: 'PUT Appointment?identifier=<system>|<value> (Identifier accepté aussi)' }]
					}
				]
			}
		]
	};
}
