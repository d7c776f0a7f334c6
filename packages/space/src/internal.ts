// The card's reading of a version's evaluation, for its tests. Other packages use the index.
export { gateCard } from './card.js';
