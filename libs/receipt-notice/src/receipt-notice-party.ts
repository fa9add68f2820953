/**
 * A party of the receipt notice (`СторонаТип` of the reconstructed schema): the subscriber that
 * confirms and receives, the tax office that sent the document, or an operator. `address` is its
 * address in the channel (`@E-mail`): the subscriber id, the tax office code.
 */
export type ReceiptNoticeParty =
  | { kind: 'company'; name: string; inn: string; kpp: string; address?: string }
  | {
      kind: 'person';
      inn?: string;
      name?: { lastName: string; firstName: string; middleName?: string };
      address?: string;
    }
  | { kind: 'tax-office'; code: string; address?: string }
  | { kind: 'operator'; code: string; name: string; address?: string };

/** The party as the XML writes it (attributes `@_`-prefixed, as fast-xml-parser builds them). */
export function partyElement(party: ReceiptNoticeParty): Record<string, unknown> {
  const address = party.address ? { '@_E-mail': party.address } : {};
  switch (party.kind) {
    case 'company':
      return { ...address, ЮЛ: { '@_НаимОрг': party.name, '@_ИННЮЛ': party.inn, '@_КПП': party.kpp } };
    case 'person':
      return {
        ...address,
        ФЛ: {
          ...(party.name
            ? {
                ФИО: {
                  '@_Фамилия': party.name.lastName,
                  '@_Имя': party.name.firstName,
                  ...(party.name.middleName ? { '@_Отчество': party.name.middleName } : {}),
                },
              }
            : {}),
          ...(party.inn ? { '@_ИННФЛ': party.inn } : {}),
        },
      };
    case 'tax-office':
      return { ...address, КодНО: party.code };
    case 'operator':
      return { ...address, СпецОперат: { '@_ИденСОС': party.code, '@_НаимОрг': party.name } };
  }
}

/**
 * A subscriber as the gateway describes it (`kind`, `name`, `inn`, `kpp`): a company by its
 * name, INN and KPP; an entrepreneur or a person by INN and, when the name has at least two
 * words, "Фамилия Имя Отчество".
 */
export function subscriberParty(subscriber: {
  kind: string;
  name: string;
  inn: string;
  kpp?: string | null;
  subscriberId?: string;
}): ReceiptNoticeParty {
  const address = subscriber.subscriberId;
  if (subscriber.kind === 'company' && subscriber.kpp) {
    return { kind: 'company', name: subscriber.name, inn: subscriber.inn, kpp: subscriber.kpp, address };
  }
  const [lastName, firstName, ...rest] = subscriber.name.trim().split(/\s+/);
  const name =
    lastName && firstName
      ? { lastName, firstName, ...(rest.length ? { middleName: rest.join(' ') } : {}) }
      : undefined;
  return { kind: 'person', inn: subscriber.inn, ...(name ? { name } : {}), address };
}

/**
 * The taxpayer of a declaration (`СвНП` as libs/xml reads it) as a party of its receipt notices:
 * bookkeeping software knows its subscriber from the declaration it filed.
 */
export function taxpayerParty(
  taxpayer:
    | { kind: 'legal-entity'; inn: string; kpp: string; name: string }
    | { kind: 'person'; inn: string; name?: { lastName: string; firstName: string; middleName?: string } },
  address?: string,
): ReceiptNoticeParty {
  return taxpayer.kind === 'legal-entity'
    ? { kind: 'company', name: taxpayer.name, inn: taxpayer.inn, kpp: taxpayer.kpp, address }
    : { kind: 'person', inn: taxpayer.inn, ...(taxpayer.name ? { name: taxpayer.name } : {}), address };
}
