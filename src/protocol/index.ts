export * from './common';
export * from './reasons';
export * from './card-numbers';
export * from './vendor';
export * from './shopper';
export * from './webauthn';
export * from './delivery';
export * from './webhooks';
