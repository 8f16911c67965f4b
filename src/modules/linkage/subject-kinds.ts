// The module's review subject kind name, in a file that imports nothing: the kind's object
// reads it while the module graph is still loading, and an import cycle must never leave
// the name undefined there (Node's module order would).
export const ASSESSMENT_KIND = "linkage_assessment";
