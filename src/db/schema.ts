/** Table types for Kysely. Dates are ISO strings (the date parser is set so in database.ts). */
import type { ColumnType, Generated } from "kysely";

type Json = ColumnType<unknown, string, string>;

export interface JurisdictionTable {
  code: string;
  name: string;
  names: Json;
  languages: string[];
  sub_state: boolean;
  user_assigned: boolean;
}
export interface InstrumentTable {
  id: string;
  title: string;
  short_title: string;
  kind: string;
  cooperation: string;
  binding: boolean;
  supplements: string | null;
  concluded: string | null;
  entry_into_force: string | null;
  source: Json;
  document: Json;
}
export interface ProvisionTable {
  id: string;
  instrument_id: string;
  kind: string;
  article: string;
  summary: string;
  valid_from: string | null;
  valid_to: string | null;
  source: Json;
  detail: Json;
}
export interface PartyTable {
  instrument_id: string;
  jurisdiction: string;
  via_state: string | null;
  signed: string | null;
  consent_kind: string | null;
  consent_date: string | null;
  in_force: string | null;
  valid_to: string | null;
  withdrawn: string | null;
  note: string | null;
  source: Json;
}
export interface ReservationTable {
  id: string;
  instrument_id: string;
  jurisdiction: string;
  kind: string;
  article: string;
  effect: Json;
  summary: string;
  valid_from: string | null;
  valid_to: string | null;
  source: Json;
}
export interface KnowledgeLoadTable {
  id: Generated<number>;
  content_hash: string;
  loaded_at: ColumnType<Date, string | undefined, never>;
  instruments: number;
  provisions: number;
  parties: number;
}

export interface Database {
  jurisdiction: JurisdictionTable;
  instrument: InstrumentTable;
  provision: ProvisionTable;
  party: PartyTable;
  reservation: ReservationTable;
  knowledge_load: KnowledgeLoadTable;
}
