/**
 * Names of tax offices (`НаимНО`), which every answer of a tax office must carry. The directory
 * of all tax offices (СОНО) is not shipped; the local deployment knows the offices its examples
 * and test tax offices use, and names any other by its code so an answer is never left invalid.
 */
const KNOWN: Readonly<Record<string, string>> = {
  '7736': 'Инспекция Федеральной налоговой службы № 36 по г. Москве',
  '7728': 'Инспекция Федеральной налоговой службы № 28 по г. Москве',
  '5001': 'Инспекция Федеральной налоговой службы по г. Балашихе Московской области',
  '9991': 'Тестовый налоговый орган: принимает всё',
  '9992': 'Тестовый налоговый орган: отказывает во всём',
  '9993': 'Тестовый налоговый орган: запрашивает пояснения',
  '9999': 'Тестовый налоговый орган: не обслуживается',
};

export function taxOfficeName(code: string): string {
  return KNOWN[code] ?? `Налоговый орган ${code}`;
}
