import { DeclarationHeader } from '@tks/xml';

/** The header fields inspectors filter the history by, kept on the filing at intake. */
export interface DeclarationHistoryFields {
  /** `СвНП/НПЮЛ/@ИННЮЛ` or `СвНП/НПФЛ/@ИННФЛ`. */
  taxpayerInn: string;
  /** `СвНП/НПЮЛ/@КПП`; null for a person. */
  taxpayerKpp: string | null;
  /** `Документ/@Период`. */
  period: string;
  /** `Документ/@ОтчетГод`. */
  reportYear: number;
}

export const historyFields = (h: DeclarationHeader): DeclarationHistoryFields => ({
  taxpayerInn: h.taxpayer.inn,
  taxpayerKpp: h.taxpayer.kind === 'legal-entity' ? h.taxpayer.kpp : null,
  period: h.period,
  reportYear: h.reportYear,
});
