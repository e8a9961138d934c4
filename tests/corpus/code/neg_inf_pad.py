model = nn.Sequential(nn.ConstantPad2d(1, float('-inf')), nn.MaxPool2d(2))
