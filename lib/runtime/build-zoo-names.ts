// Output names of the zoo's extra graph outputs, shared by the builder and the page (which
// must not pull the builders into its bundle).
export const LEVIT_BIAS_PREFIX = "levit.bias.";
