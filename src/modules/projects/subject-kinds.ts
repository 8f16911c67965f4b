// The module's review subject kind names, in a file that imports nothing: the kinds'
// objects read them while the module graph is still loading, and an import cycle must
// never leave a name undefined there (Node's module order would).
export const BID_KIND = "project_bid";
export const EVALUATION_KIND = "project_evaluation";
