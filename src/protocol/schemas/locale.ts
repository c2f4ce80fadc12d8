// zod/mini carries no messages of its own: load English ones, so a bad field reads "expected number, received string"
// rather than "Invalid input". Imported for this effect by every module that declares a protocol schema.
import * as z from 'zod/mini';
import en from 'zod/v4/locales/en.js';

z.config(en());
