/** The shipped house style, for an edition made without one (the schools stage gives every school a style). */
export { DEFAULT_STYLE } from '../schools/school.ts';
