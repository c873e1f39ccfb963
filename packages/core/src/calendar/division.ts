/**
 * The three UK bank-holiday divisions, named as the government's bank-holidays.json names them.
 *
 * @example
 * import { Division } from './division.js';
 * Division.is('scotland'); // true
 */
import * as t from 'io-ts';

/** `england-and-wales`, `scotland` or `northern-ireland`. */
export const Division = t.keyof(
  { 'england-and-wales': null, scotland: null, 'northern-ireland': null },
  'Division',
);
export type Division = t.TypeOf<typeof Division>;

/** Every division, in the order the government file lists them. */
export const divisions: readonly Division[] = ['england-and-wales', 'scotland', 'northern-ireland'];

/** The display name of each division. */
export const divisionNames: Readonly<Record<Division, string>> = {
  'england-and-wales': 'England and Wales',
  scotland: 'Scotland',
  'northern-ireland': 'Northern Ireland',
};
