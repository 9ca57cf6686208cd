// EPUBCheck's own command line, run once per book inside one Java process, so that a test judging
// several books pays for Java's start-up once. Arguments: pairs of <report.json> <book.epub>.
// After each book, prints a line "exit: <EPUBCheck's exit code>".
public class EpubcheckBatch {
  public static void main(String[] args) {
    for (int i = 0; i + 1 < args.length; i += 2) {
      int code = new com.adobe.epubcheck.tool.EpubChecker().run(new String[] {"--json", args[i], args[i + 1]});
      System.out.println("exit: " + code);
    }
  }
}
