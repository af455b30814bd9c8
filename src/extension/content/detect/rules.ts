/**
 * Detection rules as data: for each token, the autocomplete values that name it and
 * the words that name it in each language. Patterns run on text already passed
 * through `normalizeText` (lower case, no accents, identifiers split into words), so
 * `cardNumber`, `card_number` and "Card number" all read "card number".
 *
 * `strong` patterns name the field on their own. `weak` patterns are words that are
 * only meaningful next to card fields (a bare "Month" select is a birthday unless a
 * card number is in the same form). `not` rules a token out for that one piece of
 * text; `beats` drops a competing token matched by the same text ("expiry month"
 * also matches the combined-expiry words, "first and last name" both name halves).
 */
import type { Token } from './tokens';

export type Lang = 'en' | 'de' | 'fr' | 'es' | 'it' | 'nl' | 'pt' | 'pl' | 'sv' | 'ja';

export interface TokenRule {
  token: Token;
  /** autocomplete values, besides the token itself, that mean this token. */
  autocomplete?: readonly string[];
  strong: Partial<Record<Lang, RegExp>>;
  weak?: Partial<Record<Lang, RegExp>>;
  not?: RegExp;
  beats?: readonly Token[];
  /** The control types the token can sit in; text-like inputs and selects by default. */
  selectOnly?: boolean;
  inputOnly?: boolean;
}

export const RULES: readonly TokenRule[] = [
  {
    token: 'cc-number',
    strong: {
      // "card no", "card #", "cc num", "cardnumber"; `pan` is the ISO name for the number.
      en: /(credit|debit|payment|bank)? ?card ?(number|num|no\b|nr\b|#)|\bcc ?(number|num|no)\b|\bccn\b|\bpan\b|card ?nbr|\bcardnum/,
      de: /karten ?(nummer|nr\b)|kreditkarten ?nummer/,
      fr: /numero (de (la )?)?carte|n° (de )?carte|no de carte/,
      es: /numero (de (la )?)?tarjeta|n° de tarjeta|tarjeta de credito/,
      it: /numero (della |di )?carta/,
      nl: /kaart ?nummer|creditcard ?nummer|pasnummer/,
      pt: /numero (do )?cartao/,
      pl: /numer karty/,
      sv: /kort ?nummer/,
      ja: /カード番号/,
    },
    // Gift cards, loyalty cards and bank accounts have "card numbers" Veil must not fill.
    not: /gift|loyalty|member|rewards?|voucher|coupon|promo|kundenkarte|bonus|iban|account|konto|membership|id card|student|library|sim\b|phone|tel/,
    inputOnly: true,
  },
  {
    token: 'cc-exp-month',
    strong: {
      en: /(exp|expiry|expiration|expires|card|cc|valid) ?(date )?(month|mon|mo|mm)\b|\bexp ?m\b|\bccmonth|\bcard ?month/,
      de: /ablauf ?monat|gultig (bis )?monat/,
      fr: /mois d ?expiration|mois (de )?validite/,
      es: /mes de (vencimiento|caducidad|expiracion)/,
      it: /mese (di )?scadenza/,
      nl: /vervalmaand/,
      pt: /mes de (validade|vencimento|expiracao)/,
      pl: /miesiac waznosci/,
      sv: /utgangsmanad/,
      ja: /有効期限 ?[(（]?月/,
    },
    weak: {
      en: /\bmonth\b|\bmm\b(?! ?\/)|\bmo\b/,
      de: /\bmonat\b/,
      fr: /\bmois\b/,
      es: /\bmes\b/,
      it: /\bmese\b/,
      nl: /\bmaand\b/,
      pt: /\bmes\b/,
      pl: /\bmiesiac\b/,
      sv: /\bmanad\b/,
      ja: /^月$/,
    },
    not: /birth|dob|geburt|naissance|nacimiento|nascita|geboorte|nascimento|urodzenia|fodelse|生年/,
    beats: ['cc-exp'],
  },
  {
    token: 'cc-exp-year',
    strong: {
      en: /(exp|expiry|expiration|expires|card|cc|valid) ?(date )?(year|yr|yy|yyyy)\b|\bexp ?y\b|\bccyear|\bcard ?year/,
      de: /ablauf ?jahr|gultig (bis )?jahr/,
      fr: /annee d ?expiration|annee (de )?validite/,
      es: /ano de (vencimiento|caducidad|expiracion)/,
      it: /anno (di )?scadenza/,
      nl: /vervaljaar/,
      pt: /ano de (validade|vencimento|expiracao)/,
      pl: /rok waznosci/,
      sv: /utgangsar/,
      ja: /有効期限 ?[(（]?年/,
    },
    weak: {
      en: /\byear\b|\byy(yy)?\b|\byr\b/,
      de: /\bjahr\b/,
      fr: /\bannee\b/,
      es: /\bano\b/,
      it: /\banno\b/,
      nl: /\bjaar\b/,
      pt: /\bano\b/,
      pl: /\brok\b/,
      sv: /\bar\b/,
      ja: /^年$/,
    },
    not: /birth|dob|geburt|naissance|nacimiento|nascita|geboorte|nascimento|urodzenia|fodelse|生年/,
    beats: ['cc-exp'],
  },
  {
    token: 'cc-exp',
    autocomplete: ['cc-exp'],
    strong: {
      // "MM/YY" alone in a placeholder is the commonest label of a combined expiry.
      en: /expir|\bexp ?date|\bexp\b|valid (thru|through|until|to)|\bmm ?\/ ?yy|\bmmyy\b|good thru/,
      de: /ablauf|gultig bis|verfall/,
      fr: /expiration|date d ?exp|valable jusqu|date de validite|\bmm ?\/ ?aa/,
      es: /vencimiento|caducidad|expiracion|valido hasta|fecha de exp/,
      it: /scadenza/,
      nl: /vervaldatum|verloopdatum|geldig (tot|t ?m)/,
      pt: /validade|vencimento|expiracao/,
      pl: /waznosc|wazna do|data waznosci/,
      sv: /utgangsdatum|giltig (till|t ?o ?m)|forfallodatum/,
      ja: /有効期限/,
    },
    not: /birth|dob|geburt|naissance|nacimiento|nascita|geboorte|nascimento|urodzenia|fodelse|生年|password|session|passport|document/,
    inputOnly: true,
  },
  {
    token: 'cc-csc',
    strong: {
      // cvv/cvc/cvn/csc/cid: the names card schemes give the 3–4 digit code.
      en: /\bcvv|\bcvc|\bcvn\b|\bcsc\b|\bcid\b|\bcv ?2\b|security ?(code|number|no\b)|card ?(verification|code|security)|verification ?(code|number|value)|\bsec ?code/,
      de: /prufnummer|prufziffer|prufcode|sicherheitscode|kartenprufnummer/,
      fr: /cryptogramme|code (de )?securite|code de verification|code visuel/,
      es: /codigo de (seguridad|verificacion)|cod seguridad/,
      it: /codice (di )?(sicurezza|verifica)/,
      nl: /beveiligingscode|veiligheidscode|controlegetal|kaartcode|verificatiecode/,
      pt: /codigo de seguranca|cod seguranca/,
      pl: /kod (bezpieczenstwa|weryfikacyjny|zabezpieczajacy)/,
      sv: /sakerhetskod|kontrollsiffr|cvv ?kod/,
      ja: /セキュリティ ?コード|セキュリティー ?コード/,
    },
    not: /promo|coupon|gift|voucher|zip|postal|captcha|sms|otp|one time|2fa|\bpin\b|password|verification code sent|email|phone/,
    inputOnly: true,
  },
  {
    token: 'cc-name',
    strong: {
      en: /(name|holder) on (the )?card|card ?holder|cardholder|card ?(owner|name)|name ?on ?card|\bcc ?name|\bcard ?member|\bccname/,
      de: /karten ?inhaber|name auf der karte|karteninhaber/,
      fr: /titulaire|nom sur la carte|nom (du|de la) (titulaire|carte)/,
      es: /titular|nombre (en|de|que figura en) la tarjeta|nombre del titular/,
      it: /titolare|intestatario|nome sulla carta/,
      nl: /kaarthouder|naam op (de )?kaart|pashouder/,
      pt: /titular|nome (no|impresso no) cartao/,
      pl: /posiadacz karty|wlasciciel karty|na karcie/,
      sv: /kortinnehavare|namn pa kortet/,
      ja: /カード名義|名義人/,
    },
    not: /account ?holder|bank|iban|konto/,
    inputOnly: true,
    beats: ['name', 'given-name', 'family-name', 'cc-number'],
  },
  {
    token: 'cc-given-name',
    strong: { en: /first name on (the )?card|card ?holder first/ },
    inputOnly: true,
    beats: ['given-name', 'cc-name'],
  },
  {
    token: 'cc-family-name',
    strong: { en: /last name on (the )?card|card ?holder last/ },
    inputOnly: true,
    beats: ['family-name', 'cc-name'],
  },
  {
    token: 'email',
    strong: {
      en: /e ?mail|\bmail address|\bmail\b/,
      fr: /courriel|adresse electronique/,
      es: /correo/,
      it: /posta elettronica/,
      pt: /correio eletronico/,
      pl: /adres poczty/,
      sv: /e ?post/,
      ja: /メール/,
    },
    // Newsletters and "send me offers" checkboxes sit in text too, but those are never text inputs.
    not: /confirm.*code|verification code|e ?mail (code|otp)|password|passwort|username|user name|login|sign ?in|account id/,
    inputOnly: true,
    beats: ['address-line1', 'name'],
  },
  {
    token: 'tel',
    strong: {
      en: /phone|\btel\b|telephone|\bmobile|\bcell\b|cellphone|\bcontact number|phonenumber/,
      de: /telefon|handy|mobilnummer|rufnummer/,
      fr: /telephone|portable|\bmobile/,
      es: /telefono|celular|movil/,
      it: /telefono|cellulare/,
      nl: /telefoon|mobiel|gsm/,
      pt: /telefone|celular|telemovel/,
      pl: /telefon|komorka|komorkowy/,
      sv: /telefon|mobilnummer|mobil\b/,
      ja: /電話|携帯/,
    },
    // Country-code pickers and extensions are parts of a phone field Veil does not split.
    not: /country ?code|dial ?code|\bext\b|extension|prefix|vorwahl|indicatif|prefijo|prefisso|kierunkowy|verif|code sent|\botp\b|type/,
    beats: ['country', 'name'],
  },
  {
    token: 'organization',
    strong: {
      en: /company|organi[sz]ation|business ?name|\borg\b|\bfirm\b|employer/,
      de: /firma|unternehmen|firmenname/,
      fr: /societe|entreprise|raison sociale/,
      es: /empresa|compania|razon social/,
      it: /azienda|societa|ragione sociale/,
      nl: /bedrijf|bedrijfsnaam|organisatie/,
      pt: /empresa|companhia/,
      pl: /firma|nazwa firmy/,
      sv: /foretag|organisation/,
      ja: /会社名|勤務先|法人名/,
    },
    not: /size|type|industry|role|title|position|website|url|email|phone|vat|tax|number|\bid\b/,
    beats: ['name'],
  },
  {
    token: 'name',
    strong: {
      en: /full ?name|your name|first (and|&) last name|\bname and surname|\bfull nm\b|contact name|recipient|\bship to name|\bnames?$/,
      de: /vor ?(und|&) ?nachname|vollstandiger name|ihr name|^name$/,
      fr: /nom complet|(nom et prenom|prenom et nom)|^nom prenom$|^prenom nom$/,
      es: /nombre completo|nombre y apellidos?/,
      it: /nome (e )?cognome|nome completo/,
      nl: /volledige naam|^naam$|voor ?(en|&) achternaam/,
      pt: /nome completo/,
      pl: /imie (i )?nazwisko/,
      sv: /fullstandigt namn|^namn$|for ?(och|&) efternamn/,
      ja: /氏名|お名前|^名前$/,
    },
    // Everything else that is "some name" but not the shopper's.
    not: /user ?name|login|nick|display|screen|company|business|account|card|file|pet|domain|middle|first|last|given|family|sur ?name|vorname|nachname|prenom|apellido|cognome|achternaam|voornaam|sobrenome|nazwisko|efternamn|fornamn|sei|mei/,
    inputOnly: true,
    beats: ['given-name', 'family-name'],
  },
  {
    token: 'given-name',
    strong: {
      en: /first ?name|given ?name|fore ?name|\bf ?name\b|\bfirst\b(?! line)|firstname/,
      de: /vorname/,
      fr: /prenom/,
      es: /^nombre$|\bnombre\b(?! (de usuario|completo|de la empresa|en la tarjeta|del titular))/,
      it: /^nome$|\bnome\b(?! (utente|completo|sulla carta|azienda))/,
      nl: /voornaam/,
      pt: /primeiro nome|^nome$/,
      pl: /^imie$|\bimie\b(?! i nazwisko)/,
      sv: /fornamn/,
      ja: /^名$|^名\s|\s名$|名 ?[(（]|メイ/,
    },
    not: /user|login|nick|display|company|card|pet/,
    inputOnly: true,
  },
  {
    token: 'family-name',
    strong: {
      en: /last ?name|sur ?name|family ?name|\bl ?name\b|\blast\b|lastname/,
      de: /nachname|familienname/,
      fr: /nom de famille|^nom$/,
      es: /apellido/,
      it: /cognome/,
      nl: /achternaam/,
      pt: /sobrenome|apelido|ultimo nome/,
      pl: /nazwisko/,
      sv: /efternamn/,
      ja: /^姓|姓$|苗字|名字|セイ/,
    },
    not: /user|login|nick|display|company|card|pet|last (4|four|digits)/,
    inputOnly: true,
  },
  {
    token: 'address-line2',
    autocomplete: ['address-line3'],
    strong: {
      // "line 2", "addr2", "street 2": the second street line; apartment and suite words are what it holds.
      en: /(address|addr|street|line) ?2\b|address line ?2|apartment|\bapt\b|suite|\bunit\b|building|floor|\bflat\b|additional address|address (details|complement)|c ?\/ ?o/,
      de: /adresszusatz|adresse ?2|zusatz|stockwerk|wohnung/,
      fr: /complement (d ?)?adresse|adresse ?2|batiment|appartement|etage/,
      es: /direccion ?2|piso|departamento|apartamento|puerta|escalera/,
      it: /indirizzo ?2|interno|scala|presso/,
      nl: /adres ?2|toevoeging|huisnummer toevoeging/,
      pt: /complemento|endereco ?2|morada ?2/,
      pl: /adres ?2|numer (mieszkania|lokalu)|nr lokalu/,
      sv: /adressrad ?2|lagenhet/,
      ja: /建物|マンション|部屋番号|住所 ?2/,
    },
    not: /e ?mail|ip ?address|web|url|unit price|building society/,
    inputOnly: true,
    beats: ['address-line1'],
  },
  {
    token: 'address-line1',
    autocomplete: ['street-address'],
    strong: {
      en: /address|\baddr\b|street|\bline ?1\b|house ?(number|no)/,
      de: /stra(ss|ß)e|adresse|anschrift|hausnummer/,
      fr: /adresse|\brue\b|\bvoie\b/,
      es: /direccion|\bcalle\b|domicilio/,
      it: /indirizzo|\bvia\b/,
      nl: /\badres\b|straat|huisnummer/,
      pt: /endereco|morada|\brua\b|logradouro/,
      pl: /\badres\b|ulica/,
      sv: /adress|gatuadress|\bgata\b/,
      ja: /住所|番地|丁目/,
    },
    not: /e ?mail|ip ?address|web|url|mac address|wallet|server|courriel|electronique|elettronica|eletronico|poczty|billing address same|same as/,
    inputOnly: true,
  },
  {
    token: 'address-level2',
    strong: {
      en: /\bcity\b|\btown\b|suburb|locality|\bcity\/town/,
      de: /\bstadt\b|\bort\b|wohnort|ortschaft/,
      fr: /\bville\b|commune|localite/,
      es: /ciudad|localidad|poblacion|municipio/,
      it: /\bcitta\b|comune|localita/,
      nl: /\bstad\b|\bplaats\b|woonplaats/,
      pt: /cidade|localidade|municipio/,
      pl: /miasto|miejscowosc/,
      sv: /\bstad\b|\bort\b|postort/,
      ja: /市区町村|市町村|市区郡/,
    },
    not: /e ?mail|birth|geburt|naissance|nacimiento/,
  },
  {
    token: 'address-level1',
    strong: {
      en: /\bstate\b|province|region|county|prefecture|\bterritory/,
      de: /bundesland|region|kanton/,
      fr: /region|departement|province|\betat\b/,
      es: /provincia|\bestado\b|region|comunidad/,
      it: /provincia|regione/,
      nl: /provincie/,
      pt: /\bestado\b|distrito|provincia|\buf\b/,
      pl: /wojewodztwo/,
      sv: /\blan\b|delstat/,
      ja: /都道府県/,
    },
    not: /e ?mail|statement|estate|country|pays|pais|land|kraj|paese/,
  },
  {
    token: 'postal-code',
    strong: {
      en: /\bzip|postal|post ?code|postcode|\bpin ?code/,
      de: /\bplz\b|postleitzahl/,
      fr: /code postal|\bcp\b/,
      es: /codigo postal|\bcp\b/,
      it: /\bcap\b|codice postale/,
      nl: /postcode/,
      pt: /\bcep\b|codigo postal/,
      pl: /kod pocztowy/,
      sv: /postnummer/,
      ja: /郵便番号|〒/,
    },
    beats: ['address-line1', 'address-level2'],
  },
  {
    token: 'country',
    autocomplete: ['country-name'],
    strong: {
      en: /country|\bnation\b/,
      de: /\bland\b|staat/,
      fr: /\bpays\b/,
      es: /\bpais\b/,
      it: /\bpaese\b|nazione/,
      nl: /\bland\b/,
      pt: /\bpais\b/,
      pl: /\bkraj\b|panstwo/,
      sv: /\bland\b/,
      ja: /国/,
    },
    not: /code|phone|tel|dial|prefix|\bcc\b|nationality|birth|citizen/,
    beats: ['address-level1'],
  },
];

/** Words that put a field, or the part of the page it sits in, in the shipping or billing address. */
export const SECTION_WORDS = {
  shipping: /ship|deliver|recipient|lieferung|liefer|versand|livraison|envio|entrega|spedizione|consegna|bezorg|levering|wysylk|dostaw|leverans|配送|お届け/,
  billing: /bill|invoice|payment|payer|rechnung|facturation|facturacion|fatturazione|factuur|faturamento|cobranca|rozliczen|faktur|請求/,
};

/** Text that marks a form as a sign-in form: its email or phone is a username, not a contact field. */
export const LOGIN_WORDS = /log ?in|sign ?in|anmelden|connexion|se connecter|iniciar sesion|accedi|inloggen|entrar|zaloguj|logga in|ログイン/;
