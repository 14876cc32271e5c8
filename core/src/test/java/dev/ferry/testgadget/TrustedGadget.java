package dev.ferry.testgadget;

/**
 * Records that its static initializer and its constructor ran. Tests name it by string only, so
 * nothing but Ferry's converter could load it.
 */
public final class TrustedGadget {

	public static final String NAME = "dev.ferry.testgadget.TrustedGadget";

	static {
		GadgetRecorder.initialized(NAME);
	}

	private String command = "";

	public TrustedGadget() {
		GadgetRecorder.constructed(NAME);
	}

	public String getCommand() {
		return this.command;
	}

	public void setCommand(String command) {
		this.command = command;
	}

}
