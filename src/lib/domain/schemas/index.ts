export * from './common';
export * from './practitioner';
export * from './address';
export * from './structure';
export * from './participation';
export * from './availability';
export * from './unavailability';
export * from './complementary-info';
