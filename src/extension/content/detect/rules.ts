/**
 * Detection rules as data: for each token, the autocomplete values that name it and
 * the words that name it in each language. Words are matched against text already
 * passed through `normalizeText` (lower case, no accents, identifiers split into words),
 * so `cardNumber`, `card_number` and "Card number" all read "card number".
 *
 * Word lists, not regular expressions: the detector runs cold on every page, and
 * compiling a few hundred alternations costs more than the whole detection (measured:
 * ~5 ms against ~0.5 ms). Syntax of an entry (see `keywords.ts`):
 *   `card number`  the words in a row; also found glued inside an identifier ("creditcardnumber")
 *   `expir*`       any word starting so (expiry, expiration, expires)
 *   `=name`        only when it is the whole text
 *   `~cvv`         a short word that may also be found glued inside an identifier ("cardcvv")
 * Short single words (< 6 letters, ASCII) otherwise match only as whole words, so
 * "tel" never fires inside "hotel" and "city" not inside "electricity".
 *
 * `strong` words name the field on their own. `weak` words are only meaningful next
 * to card fields (a bare "Month" select is a birthday unless a card number is in the
 * same form). `not` rules a token out for that piece of text; `beats` drops a rival
 * token named by the same text ("expiry month" also holds the combined-expiry word).
 */
import type { Token } from './tokens';

export type Lang = 'en' | 'de' | 'fr' | 'es' | 'it' | 'nl' | 'pt' | 'pl' | 'sv' | 'ja';
type Words = Partial<Record<Lang, string>>;

export interface TokenRule {
  token: Token;
  /** autocomplete values, besides the token itself, that mean this token. */
  autocomplete?: readonly string[];
  strong: Words;
  weak?: Words;
  not?: string;
  beats?: readonly Token[];
  /** Only in an <input> (never a select): the value is typed, not picked. */
  inputOnly?: boolean;
}

/** Words that mean a birthday, not a card expiry. */
const BIRTH =
  'birth*|dob|bday|geburt*|naissance|nacimiento|nascita|geboorte*|nascimento|urodzenia|fodelse*|生年月日|誕生';

export const RULES: readonly TokenRule[] = [
  {
    token: 'cc-number',
    strong: {
      // `pan` is the ISO 7812 name of the card number.
      en: 'card number|card num|card no|card nr|card #|card nbr|cc number|cc num|cc no|ccn|ccnum|cardnum|credit card|debit card|pan',
      de: 'kartennummer|karten nr|kreditkartennummer|kartennr',
      fr: 'numero de carte|numero de la carte|numero carte|n° de carte|no de carte|carte bancaire|carte de credit',
      es: 'numero de tarjeta|numero de la tarjeta|numero tarjeta|tarjeta de credito|tarjeta de debito',
      it: 'numero della carta|numero di carta|numero carta|carta di credito',
      nl: 'kaartnummer|creditcardnummer|pasnummer',
      pt: 'numero do cartao|numero de cartao|numero cartao|cartao de credito',
      pl: 'numer karty|karta kredytowa',
      sv: 'kortnummer',
      ja: 'カード番号|クレジットカード',
    },
    // Gift, loyalty and ID cards and bank accounts have "card numbers" Veil must not fill.
    not: 'gift*|loyalty|member*|reward*|voucher|coupon|promo*|kundenkarte|bonus*|iban|account|konto|id card|student|library|sim|phone|tel|holder|name|expir*|cvv|cvc|code|security|type|brand|bank|last 4|last four|image|logo|icon|select|choose|user*|login|uzytkownika|benutzername|utilisateur|usuario|utente|gebruikersnaam|anvandarnamn',
    inputOnly: true,
  },
  {
    token: 'cc-exp-month',
    strong: {
      en: 'exp month|expiry month|expiration month|expires month|expiration date month|exp date month|card month|cc month|ccmonth|exp mm|expiry mm|exp mo|valid month|exp m|month of expiry|month of expiration|expmonth|expmm|cardexpmonth|ccexpmonth',
      de: 'ablaufmonat|ablauf monat|monat ablauf',
      fr: 'mois d expiration|mois expiration|mois de validite|mois d echeance',
      es: 'mes de vencimiento|mes de caducidad|mes de expiracion|mes vencimiento|mes caducidad',
      it: 'mese di scadenza|mese scadenza',
      nl: 'vervalmaand',
      pt: 'mes de validade|mes de vencimento|mes de expiracao|mes validade',
      pl: 'miesiac waznosci',
      sv: 'utgangsmanad',
      ja: '有効期限 月|有効期限月',
    },
    weak: {
      en: 'month|mm|mo|=m',
      de: 'monat',
      fr: 'mois',
      es: 'mes',
      it: 'mese',
      nl: 'maand',
      pt: 'mes',
      pl: 'miesiac',
      sv: 'manad',
      ja: '=月',
    },
    not: BIRTH,
    beats: ['cc-exp'],
  },
  {
    token: 'cc-exp-year',
    strong: {
      en: 'exp year|expiry year|expiration year|expires year|expiration date year|exp date year|card year|cc year|ccyear|exp yy|exp yyyy|expiry yy|exp yr|valid year|exp y|year of expiry|year of expiration|expyear|expyy|cardexpyear|ccexpyear',
      de: 'ablaufjahr|ablauf jahr|jahr ablauf',
      fr: 'annee d expiration|annee expiration|annee de validite|annee d echeance',
      es: 'ano de vencimiento|ano de caducidad|ano de expiracion|ano vencimiento|ano caducidad',
      it: 'anno di scadenza|anno scadenza',
      nl: 'vervaljaar',
      pt: 'ano de validade|ano de vencimento|ano de expiracao|ano validade',
      pl: 'rok waznosci',
      sv: 'utgangsar',
      ja: '有効期限 年|有効期限年',
    },
    weak: {
      en: 'year|yy|yyyy|yr|=y',
      de: 'jahr',
      fr: 'annee|aa|aaaa',
      es: 'ano|aa|aaaa',
      it: 'anno|aa|aaaa',
      nl: 'jaar|jj|jjjj',
      pt: 'ano|aa|aaaa',
      pl: 'rok|rr|rrrr',
      sv: 'ar|åå',
      ja: '=年',
    },
    not: BIRTH,
    beats: ['cc-exp'],
  },
  {
    token: 'cc-exp',
    strong: {
      en: 'expir*|exp date|expdate|exp|valid thru|valid through|valid until|valid to|good thru|mm/yy|mm/yyyy|mmyy|ccexp|cardexp',
      de: 'ablauf*|gultig bis|verfall*|gultigkeit|mm/jj',
      fr: 'date d expiration|date expiration|valable jusqu|date de validite|validite|mm/aa|echeance',
      es: 'vencimiento|caducidad|expiracion|valido hasta|fecha de exp|mm/aa',
      it: 'scadenza|mm/aa',
      nl: 'vervaldatum|verloopdatum|geldig tot|geldig t m|mm/jj',
      pt: 'validade|vencimento|expiracao|mm/aa',
      pl: 'waznosc|wazna do|data waznosci|waznosci|mm/rr',
      sv: 'utgangsdatum|giltig till|giltig t o m|forfallodatum|mm/åå',
      ja: '有効期限',
    },
    not: BIRTH + '|password|session|passport|document|membership|subscription',
    inputOnly: true,
  },
  {
    token: 'cc-csc',
    strong: {
      // cvv/cvc/cvn/csc/cid: the names card schemes give the 3–4 digit code.
      en: '~cvv|~cvc|cvn|csc|cid|cvv 2|cvc 2|cv 2|~ccv|security code|security number|security no|card code|card verification*|verification code|verification number|verification value|sec code|seccode|securitycode|card security',
      de: 'prufnummer|prufziffer|prufcode|sicherheitscode|kartenprufnummer|kartenprufziffer',
      fr: 'cryptogramme|code de securite|code securite|code de verification|code visuel',
      es: 'codigo de seguridad|codigo seguridad|cod seguridad|codigo de verificacion',
      it: 'codice di sicurezza|codice sicurezza|codice di verifica',
      nl: 'beveiligingscode|veiligheidscode|controlegetal|kaartcode|verificatiecode',
      pt: 'codigo de seguranca|codigo seguranca|cod seguranca',
      pl: 'kod bezpieczenstwa|kod weryfikacyjny|kod zabezpieczajacy',
      sv: 'sakerhetskod|kontrollsiffror|kontrollsiffra|cvv kod',
      ja: 'セキュリティコード|セキュリティーコード|セキュリティ コード',
    },
    not: 'promo*|coupon|gift*|voucher|zip|postal|captcha|sms|otp|one time|2fa|pin|password|email|e mail|phone|confirmation code|sent|question|answer|social|ssn',
    inputOnly: true,
  },
  {
    token: 'cc-name',
    strong: {
      en: 'name on card|name on the card|holder name|card holder|cardholder*|card owner|card name|cardname|cc name|ccname|card member|name as it appears',
      de: 'karteninhaber*|karten inhaber|name auf der karte|inhaber',
      fr: 'titulaire|nom sur la carte|nom du titulaire|nom de la carte|nom du porteur|porteur',
      es: 'titular|nombre en la tarjeta|nombre de la tarjeta|nombre del titular|nombre que figura en la tarjeta',
      it: 'titolare|intestatario|nome sulla carta|nome del titolare',
      nl: 'kaarthouder|naam op kaart|naam op de kaart|pashouder|naam kaarthouder',
      pt: 'titular|nome no cartao|nome impresso no cartao|nome do titular',
      pl: 'posiadacz karty|wlasciciel karty|imie i nazwisko na karcie|na karcie',
      sv: 'kortinnehavare|namn pa kortet|kortinnehavarens namn',
      ja: 'カード名義|名義人|カード名義人',
    },
    // "Cardholder address" is the billing address, not the name.
    not: 'account holder|bank|iban|konto|first|last|given|family|vorname|nachname|prenom|apellido|cognome|voornaam|achternaam|nazwisko|fornamn|efternamn|address|addr|street|city|state|zip|postal|country|phone|email',
    inputOnly: true,
    beats: ['name', 'given-name', 'family-name', 'cc-number'],
  },
  {
    token: 'cc-given-name',
    strong: { en: 'first name on card|cardholder first name|card holder first name|cardholderfirstname' },
    inputOnly: true,
    beats: ['given-name', 'cc-name'],
  },
  {
    token: 'cc-family-name',
    strong: { en: 'last name on card|cardholder last name|card holder last name|cardholderlastname' },
    inputOnly: true,
    beats: ['family-name', 'cc-name'],
  },
  {
    token: 'email',
    strong: {
      en: '~email|e mail|mail address|=mail|emailaddress',
      fr: 'courriel|adresse electronique|adresse mail',
      es: 'correo|correo electronico',
      it: 'posta elettronica|indirizzo email',
      pt: 'correio eletronico',
      pl: 'adres poczty|adres e mail',
      sv: 'e post|epost',
      ja: 'メール|メールアドレス',
    },
    // "Email (username)" is still the shopper's email; sign-in forms are told apart in context.ts.
    not: 'code|otp|password|passwort|login|sign in|account id|newsletter|subscribe|friend|recipient|search|subject|message',
    inputOnly: true,
    beats: ['address-line1', 'name'],
  },
  {
    token: 'tel',
    strong: {
      en: 'phone|tel|telephone|mobile|cell|cellphone|contact number|phonenumber|~phone',
      de: 'telefon*|handy*|mobilnummer|rufnummer|mobiltelefon',
      fr: 'telephone|portable|mobile|numero de telephone',
      es: 'telefono|celular|movil',
      it: 'telefono|cellulare',
      nl: 'telefoon*|mobiel|gsm',
      pt: 'telefone|celular|telemovel',
      pl: 'telefon*|komorka|komorkowy|numer telefonu',
      sv: 'telefon*|mobilnummer|mobil',
      ja: '電話|携帯',
    },
    // Country-code pickers and extensions are parts of a phone field Veil does not split.
    not: 'country code|countrycode|dial code|ext|extension|prefix|vorwahl|indicatif|prefijo|prefisso|kierunkowy|verif*|code|otp|type|country|pin|password',
    beats: ['country', 'name'],
  },
  {
    token: 'organization',
    strong: {
      en: 'company|company name|organization|organisation|business name|org|firm|employer|companyname',
      de: 'firma|unternehmen|firmenname',
      fr: 'societe|entreprise|raison sociale',
      es: 'empresa|compania|razon social',
      it: 'azienda|societa|ragione sociale',
      nl: 'bedrijf|bedrijfsnaam|organisatie',
      pt: 'empresa|companhia',
      pl: 'firma|nazwa firmy',
      sv: 'foretag|organisation',
      ja: '会社名|勤務先|法人名',
    },
    not: 'size|type|industry|role|title|position|website|url|email|phone|vat|tax|number|id|search|agency|employees|sector',
    beats: ['name'],
  },
  {
    token: 'name',
    strong: {
      en: 'full name|fullname|your name|real name|first and last name|first & last name|name and surname|contact name|recipient name|ship to name|=name|=names|=nm',
      de: 'vor und nachname|vor & nachname|vollstandiger name|ihr name|=name',
      fr: 'nom complet|nom et prenom|prenom et nom|=nom prenom|=prenom nom',
      es: 'nombre completo|nombre y apellido|nombre y apellidos|=nombre y apellidos',
      it: 'nome e cognome|nome cognome|nome completo',
      nl: 'volledige naam|=naam|voor en achternaam|uw naam',
      pt: 'nome completo',
      pl: 'imie i nazwisko|imie nazwisko',
      sv: 'fullstandigt namn|=namn|for och efternamn|ditt namn',
      ja: '氏名|お名前|=名前',
    },
    // Everything else that is "some name" but not the shopper's.
    not: 'user*|login|nick*|display|screen|company|business|account|card|file|pet|domain|middle|first|last|given|family|surname|vorname|nachname|prenom|apellido|cognome|achternaam|voornaam|sobrenome|nazwisko|efternamn|fornamn|store|shop|team|project|event',
    inputOnly: true,
    beats: ['given-name', 'family-name'],
  },
  {
    token: 'given-name',
    strong: {
      en: 'first name|firstname|given name|givenname|forename|fname|first|first nm',
      de: 'vorname',
      fr: 'prenom',
      es: '=nombre|nombre',
      it: '=nome|nome',
      nl: 'voornaam',
      pt: 'primeiro nome|=nome',
      pl: '=imie|imie',
      sv: 'fornamn',
      ja: '=名|名 メイ|メイ|名(名)',
    },
    not: 'user*|login|nick*|display|company|card|pet|first line|utente|usuario|completo|empresa|azienda|apellido|apellidos|cognome|nazwisko|sobrenome|uzytkownika|bank',
    inputOnly: true,
  },
  {
    token: 'family-name',
    strong: {
      en: 'last name|lastname|surname|family name|familyname|lname|last|last nm',
      de: 'nachname|familienname',
      fr: 'nom de famille|=nom',
      es: 'apellido*',
      it: 'cognome',
      nl: 'achternaam',
      pt: 'sobrenome|apelido|ultimo nome',
      pl: 'nazwisko',
      sv: 'efternamn',
      ja: '=姓|姓 セイ|セイ|苗字|名字',
    },
    not: 'user*|login|nick*|display|company|card|pet|last 4|last four|digits|imie|nombre y|nome e|bank',
    inputOnly: true,
  },
  {
    token: 'address-line2',
    strong: {
      // The second street line; the words are what it usually holds.
      en: 'address 2|address line 2|addr 2|street 2|line 2|address two|addr two|street two|line two|street address 2|street line 2|address2|apartment|apt|suite|unit|building|floor|flat|additional address|address details|address complement|c/o|apt suite',
      de: 'adresszusatz|adresse 2|zusatz|stockwerk|wohnung|adresszeile 2',
      fr: 'complement d adresse|complement adresse|adresse 2|batiment|appartement|etage|adresse ligne 2',
      es: 'direccion 2|direccion linea 2|piso|departamento|apartamento|puerta|escalera',
      it: 'indirizzo 2|interno|scala|presso',
      nl: 'adres 2|toevoeging|huisnummer toevoeging|adresregel 2',
      pt: 'complemento|endereco 2|morada 2',
      pl: 'adres 2|numer mieszkania|numer lokalu|nr lokalu|nr mieszkania',
      sv: 'adressrad 2|lagenhet|lagenhetsnummer',
      ja: '建物|マンション|部屋番号|住所2|住所 2',
    },
    not: 'email|e mail|ip address|web|url|unit price|building society|type',
    inputOnly: true,
    beats: ['address-line1'],
  },
  {
    token: 'address-line1',
    autocomplete: ['street-address'],
    strong: {
      en: 'address|addr|street|address 1|address line 1|line 1|address1|house number|street address|streetaddress|address line',
      de: 'strasse|straße|adresse|anschrift|hausnummer|strasse und hausnummer',
      fr: 'adresse|rue|voie|adresse 1',
      es: 'direccion|calle|domicilio|direccion 1',
      it: 'indirizzo|via',
      nl: 'adres|straat|huisnummer|straatnaam',
      pt: 'endereco|morada|rua|logradouro',
      pl: 'adres|ulica',
      sv: 'adress|gatuadress|gata',
      ja: '住所|番地|丁目',
    },
    not: 'email|e mail|emailaddress|ip address|web*|url|mac address|wallet|server|courriel|electronique|elettronica|eletronico|poczty|same as|same|city|zip|postal|state|country|ip|mail',
    inputOnly: true,
  },
  {
    token: 'address-level2',
    strong: {
      en: 'city|town|suburb|locality|city/town|~city',
      de: 'stadt|ort|wohnort|ortschaft',
      fr: 'ville|commune|localite',
      es: 'ciudad|localidad|poblacion|municipio',
      it: 'citta|comune|localita',
      nl: 'stad|plaats|woonplaats',
      pt: 'cidade|localidade|municipio',
      pl: 'miasto|miejscowosc',
      sv: 'stad|ort|postort',
      ja: '市区町村|市町村|市区郡',
    },
    not: 'email|birth*|geburt*|naissance|nacimiento|ethnicity|electricity|capacity',
  },
  {
    token: 'address-level1',
    strong: {
      en: 'state|province|region|county|prefecture|territory|state/province|state province',
      de: 'bundesland|region|kanton',
      fr: 'region|departement|province|etat',
      es: 'provincia|estado|region|comunidad autonoma',
      it: 'provincia|regione',
      nl: 'provincie',
      pt: 'estado|distrito|provincia|uf',
      pl: 'wojewodztwo',
      sv: 'lan|delstat',
      ja: '都道府県',
    },
    not: 'email|statement|estate|country|pays|pais|land|kraj|paese|language|region code|regional',
  },
  {
    token: 'postal-code',
    strong: {
      en: 'zip|zip code|zipcode|~zip|postal|postal code|postalcode|post code|postcode|pin code|pincode|zip/postal',
      de: 'plz|postleitzahl',
      fr: 'code postal|cp',
      es: 'codigo postal|cp',
      it: 'cap|codice postale',
      nl: 'postcode',
      pt: 'cep|codigo postal',
      pl: 'kod pocztowy',
      sv: 'postnummer',
      ja: '郵便番号|〒',
    },
    beats: ['address-line1', 'address-level2'],
  },
  {
    token: 'country',
    autocomplete: ['country-name'],
    strong: {
      en: 'country|~country|nation|country/region',
      de: 'land|staat',
      fr: 'pays',
      es: 'pais',
      it: 'paese|nazione',
      nl: 'land',
      pt: 'pais',
      pl: 'kraj|panstwo',
      sv: 'land',
      ja: '国|国名',
    },
    not: 'code|phone|tel|dial|prefix|cc|nationality|birth*|citizen*|language|calling|mobile',
    beats: ['address-level1'],
  },
];

/**
 * Word sets that are not tokens, matched the same way as the rules' words (on normalized
 * text, through the same compiled tables). `~` marks a word that is also looked for
 * inside longer words, as these name parts of identifiers ("shippingAddr", "billto",
 * "signupForm").
 */
export const WORD_SETS = {
  /**
   * Words that name a field Veil never fills, whatever else its texts say: a control any
   * of whose texts (label, aria, placeholder, name, id, nearby text) says one of these is
   * left alone, and so is what its identifiers seem to say.
   */
  never: [
    // A date of birth, never a card's expiry however much its selects look like one.
    BIRTH,
    // A captcha answer ("CapValue" is not the Italian CAP, the postal code).
    'captcha|capcha|recaptcha',
    // A person's job, in sign-up forms beside the address ("contactAddress[position]").
    'job title|jobtitle|position|occupation|beruf|berufsbezeichnung|fonction|puesto|cargo|professione|functie|stanowisko|befattning|役職|職業',
    // Booking references: "emailReservationNumber" is not an e-mail box.
    'reservation*|booking number|booking reference|booking ref|confirmation number|tracking number',
    // Decoys that call themselves so ("fakeemailremembered"): traps for autofill.
    '~fake|honeypot|decoy',
    // Consent answers ("Would you like updates via email? Type y or n"), not contact data.
    'opt in|opt out|yes or no|y or n|y for yes',
    // A third street line: Veil has two.
    'address line 3|address 3|addr 3|street 3|line 3|address line three|address three|adresszeile 3|adresse 3|direccion 3|indirizzo 3|adres 3|endereco 3',
    // A name the shopper gives a card to save it ("Nickname for this credit card"): it names the card, it is not one.
    'nickname|nick name|card alias|spitzname|surnom|apodo|soprannome|bijnaam|pseudonim|smeknamn|ニックネーム',
    // … or a label for it ("Nome della carta (facoltativo)": the holder would be "nome sulla carta").
    'name this card|name for this card|name your card|card label|label for this card|kartenbezeichnung|nome della carta|nazwa karty|kortets namn|カードの名前',
  ].join('|'),

  /** Words that put a field, or the part of the page it sits in, in the shipping address. */
  shipping:
    '~ship|~deliver|~recipient|~liefer|~versand|~livraison|~envio|~entrega|~spedizione|~consegna|~bezorg|~levering|~wysylk|~dostaw|~leverans|配送|お届け',
  /** … or in the billing address. */
  billing:
    '~bill|~invoice|~payment|~payer|~rechnung|~facturation|~facturacion|~fatturazione|~factuur|~faturamento|~cobranca|~rozliczen|~faktur|請求',

  /** Text that marks a form as a sign-up form, where the email is the shopper's contact. */
  signup:
    '~signup|sign up|~register|~registr|create account|create an account|create your account|~join|new account|~inscri|crear cuenta|konto erstellen|crea account|crea un account|account aanmaken|criar conta|~zarejestruj|skapa konto|会員登録|新規登録',
  /** Text that marks a form as a sign-in form: its email or phone is a username, not a contact field. */
  login:
    '~login|log in|~signin|sign in|~anmelden|~einloggen|~connexion|se connecter|iniciar sesion|~accedi|~inloggen|~entrar|~zaloguj|logga in|ログイン',

  /** A newsletter box: its e-mail is the shopper's, whatever the page's title says ("Kundenkarte anmelden"). */
  newsletter:
    '~newsletter|~subscribe|abonnieren|s abonner|~suscrib|iscriviti|abbonati|inschrijven|aanmelden nieuwsbrief|~nieuwsbrief|assinar|subskrybuj|zapisz sie|prenumerera|nyhetsbrev|メルマガ|購読',

  /**
   * A gift card, a store's own value card or a voucher: its number and PIN are redeemed
   * by the shop, so a Veil card typed there is lost as a "gift card". Such fields are
   * recognised (`x-gift-card-number`, `x-gift-card-pin`) and never filled.
   */
  giftCard:
    '~giftcard|gift card|gift certificate|~egift|e gift|store card|value card|stored value|store credit|cash card|prepaid card|~voucher|~geschenk|~gutschein|wertkarte|carte cadeau|cheque cadeau|bon d achat|carte prepayee|tarjeta regalo|tarjeta de regalo|cheque regalo|carta regalo|buono regalo|carta prepagata|~cadeaukaart|~cadeaubon|~giftcard|waardebon|vale presente|cartao presente|cartao oferta|karta podarunkowa|bon podarunkowy|~presentkort|~tillgodokvitto|ギフトカード|ギフト券|商品券|プリペイドカード',
  /** What a gift card asks besides its number: the PIN or code scratched off its back. */
  giftPin:
    'pin|pin code|pincode|~pin|scratch*|access code|access number|security code|securitycode|sec code|cvv|cvc|csc|geheimzahl|sicherheitscode|code de securite|codigo de seguridad|codice di sicurezza|beveiligingscode|codigo de seguranca|kod zabezpieczajacy|sakerhetskod|暗証番号|pinコード|セキュリティコード',
  /**
   * A loyalty, membership, insurance or customer card: its number identifies the shopper
   * to the shop (or insurer), it pays nothing. A card number asked there is not a payment card.
   */
  loyalty:
    'loyalty|~membership|member number|member no|member id|membership number|~rewards|reward card|bonus card|club card|clubcard|customer number|policy number|insurance|insured|~payback|kundenkarte|kundennummer|mitgliedsnummer|mitglied*|bonuskarte|versicherung*|carte de fidelite|fidelite|numero d adherent|adherent|numero de membre|tarjeta de fidelidad|fidelizacion|numero de socio|socio|carta fedelta|fedelta|tessera|numero socio|klantenkaart|klantnummer|lidnummer|lidmaatschap|spaarkaart|cartao fidelidade|fidelidade|numero de socio|karta lojalnosciowa|karta stalego klienta|numer czlonkowski|medlemskort|medlemsnummer|kundkort|ポイントカード|会員番号|会員カード|保険証',
  /** A balance check: what is typed there is looked up, never paid with. */
  balance:
    'check balance|balance check|check your balance|card balance|~checkbalance|~balancecheck|guthaben|kontostand|solde|consulter le solde|saldo|consultar saldo|controlla saldo|verifica saldo|saldo opvragen|saldo checken|consultar saldo|sprawdz saldo|kolla saldo|残高|残高照会',
  /**
   * Section words that say "this is where the payment card goes": a container or heading
   * that says one stops the search for a gift-card or loyalty section further out.
   */
  paymentCard:
    'credit card|debit card|card details|card information|payment card|pay by card|pay with card|~creditcard|~debitcard|kreditkarte|bankkarte|carte bancaire|carte de credit|tarjeta de credito|tarjeta de debito|carta di credito|creditcard|betaalkaart|cartao de credito|karta kredytowa|karta platnicza|betalkort|kortbetalning|クレジットカード',
};

/**
 * The decisions taken on a group of controls (a form, a formless group, the frames of a
 * tab) rather than on one control, by name: `context.ts` and `card-form.ts` record the
 * name among a field's signals when the rule changes its token, so
 * `npm run detect:corpus -- --explain` can say why. Only the names ship in the content
 * script (as signals); the explanations are read by the explain tool and the docs.
 */
export const CONTEXT_RULES = {
  'card-form':
    'A card number with an expiry or a security code in the same form (or formless group) is a card form: its card fields count, and bare Month/Year selects or MM/YY boxes in it are the expiry.',
  'held-for-tab':
    'Card fields in a group that is no card form by itself (an expiry or CVC without a number; a number without either) are held: they count only when the tab completes the card form in another allowed frame or the top page (hosted fields put each card field in its own frame).',
  'lone-number-sign-in':
    'A card number without expiry or CVC beside a password, or in a form that signs in or up, is an account identifier (banks log in with the debit-card number): never a card field.',
  'number-only-frame':
    'A frame whose only control is a card number (and no word of sign-in, gift or loyalty) is a hosted card-number field: it counts, and completes the expiry and CVC frames of its tab.',
  'lone-number-loyalty':
    'A card number without expiry or CVC in a form about a loyalty, membership or insurance card identifies the shopper: never a card field.',
  'gift-card-section':
    'Card-looking fields in a gift-card, store-value or voucher section, or a balance check, are the gift card (x-gift-card-number / x-gift-card-pin): recognised, never filled, never counted as card fields.',
  'loyalty-section': 'Card-looking fields in a loyalty, membership or insurance section are that card: not filled.',
  'too-short-for-a-number': 'One short "card number" box (maxlength under 12) alone is a last-4-digits check.',
  'sign-in-form': "A sign-in form's email or phone is the username: left alone.",
  'no-address': 'A company box with no address beside it is an employer, not part of an address.',
  'lone-card-word':
    'A card word with other meanings ("Expiration", "Security code", "Cardholder") alone, with no card field anywhere in its group, means nothing.',
  'expiry-pair': '"Expiry" on two short boxes in a row: the first holds the month, the second the year.',
  'expiry-beside-year':
    'An expiry box followed by a year (or preceded by a month) is the other half of a split expiry, not a combined one.',
  'holder-in-card-section':
    'A name box in the same part of a card form as the card fields, with no address field there, is the card holder.',
} as const;

export type ContextRule = keyof typeof CONTEXT_RULES;

export type WordSet = keyof typeof WORD_SETS;
