import { z } from 'zod';

// Every schema imports z from here so that zod's default messages are French.
z.config(z.locales.fr());

export { z };
