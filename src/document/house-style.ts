import type { HouseStyle } from './types.ts';

/** The shipped house style: a dark blue accent (8.6:1 on white) and Liberation Sans (Arial's metrics). */
export const DEFAULT_STYLE: HouseStyle = { accent: '#1d4f91', font: 'Liberation Sans' };
